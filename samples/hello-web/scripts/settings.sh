# Where hello-web lives on the host and the port it listens on (127.0.0.1 only).
# @SANDBOX@ and @PORT@ are replaced in a copy of the sample before it is pushed (samples/README.md).
HELLO_WEB_HOME="@SANDBOX@/hello-web"
HELLO_WEB_PORT="@PORT@"
HELLO_WEB_PID="$HELLO_WEB_HOME/run/hello-web.pid"
HELLO_WEB_LOG="$HELLO_WEB_HOME/run/hello-web.log"
