# Where this host's copy of the app lives, from the agent's environment (appspec.yml says why).
: "${WEB_HOME:?WEB_HOME is not set: the agent's environment names this host's app directory}"
: "${WEB_PORT:?WEB_PORT is not set: the agent's environment names this host's port}"
WEB_NAME="${WEB_NAME:-$(hostname)}"
WEB_APP="$WEB_HOME/app"
WEB_PID="$WEB_HOME/run/app.pid"
WEB_LOG="$WEB_HOME/run/app.log"
