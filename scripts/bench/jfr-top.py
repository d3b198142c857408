#!/usr/bin/env python3
"""Where a JFR recording's CPU samples go: by thread, by leaf category, by nearest Hoist frame, and Hoist
frames inclusive. Usage: jfr print --stack-depth 64 --events jdk.ExecutionSample REC.jfr > s.txt;
scripts/bench/jfr-top.py s.txt   (fanout --jfr REC.jfr records the controller over the measured runs)."""
import re,collections,sys
txt=open(sys.argv[1]).read()
samples=txt.split('jdk.ExecutionSample {')[1:]
thr=collections.Counter(); hoist=collections.Counter(); incl=collections.Counter(); cat=collections.Counter()
for s in samples:
    m=re.search(r'sampledThread = "([^"]*)"',s)
    t=re.sub(r'\d+','N',m.group(1) if m else '?')
    thr[t]+=1
    frames=[f for f,_ in re.findall(r'^\s+([\w$.<>]+)\(.*?line: (\d+)',s,re.M)]
    h=[f for f in frames if f.startswith('dev.hoist')]
    leaf=frames[0] if frames else '?'
    c='other'
    if leaf.startswith('org.h2') or any(f.startswith('org.h2') for f in frames[:15]): c='H2 store engine'
    elif leaf.startswith('org.jdbi'): c='JDBI'
    elif 'ssl' in leaf.lower() or 'tcnative' in leaf: c='TLS'
    elif leaf.startswith('com.fasterxml'): c='JSON'
    elif leaf.startswith('dev.hoist'): c='hoist code (leaf)'
    elif leaf.startswith('java.util'): c='java.util (collections/streams)'
    cat[t+' | '+c]+=1
    if h: hoist[h[0]]+=1
    for f in set(h): incl[f]+=1
n=len(samples)
print("samples",n)
print("THREADS"); [print(f"{c:6d} {c*100/n:5.1f}% {k}") for k,c in thr.most_common(8)]
print("THREAD | LEAF CATEGORY"); [print(f"{c:6d} {c*100/n:5.1f}% {k}") for k,c in cat.most_common(15)]
print("NEAREST HOIST FRAME (self+callees outside hoist)"); [print(f"{c:6d} {c*100/n:5.1f}% {k}") for k,c in hoist.most_common(20)]
print("HOIST INCLUSIVE"); [print(f"{c:6d} {c*100/n:5.1f}% {k}") for k,c in incl.most_common(30)]
