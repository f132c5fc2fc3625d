#!/usr/bin/env python3
"""Validate the assembled files: well-formed XML, ids, label turn numbers, tag speakers,
and the section-6 evidence for every premature-cross-sell="yes"."""
import xml.etree.ElementTree as ET, glob, os, sys
base=os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
dl={}; errs=0
for f in sorted(glob.glob(os.path.join(base,'transcripts-*.xml'))):
    r=ET.parse(f).getroot(); assert r.tag=='dialogues' and r.get('source') and r.get('exported')
    n=0
    for d in r.findall('dialogue'):
        n+=1; assert d.get('id') not in dl
        dl[d.get('id')]=[t.get('speaker') for t in d.findall('turn')]
        for t in d.findall('turn'): assert t.get('speaker') in ('client','bot','operator') and t.get('at')
        for e in d.findall('event'): assert e.get('type') and e.get('at')
    assert n==20,(f,n)
seen=set()
for f in sorted(glob.glob(os.path.join(base,'labels-*.xml'))):
    r=ET.parse(f).getroot(); assert r.tag=='labels'
    for l in r.findall('labeled'):
        i=l.get('dialogue'); assert i in dl and i not in seen; seen.add(i)
        sp=dl[i]; tags={}
        for t in l.findall('turn'):
            n=int(t.get('n')); tg=t.get('tag')
            if not 1<=n<=len(sp): print('bad n',i,n); errs+=1; continue
            want={'cross-sell-offer':('bot','operator'),'problem-stated':('client',),'escalation-request':('client',),'frustration':('client',),'handoff-context-lost':('operator',),'problem-resolved':('client','bot','operator')}[tg]
            if sp[n-1] not in want: print('speaker',i,n,tg,sp[n-1]); errs+=1
            tags.setdefault(n,[]).append(tg)
        v=l.find('verdict')
        if v.get('premature-cross-sell')=='yes':
            open_=False; ok=False
            for n in range(1,len(sp)+1):
                tg=tags.get(n,[])
                if 'problem-stated' in tg: open_=True
                if 'problem-resolved' in tg: open_=False
                if 'cross-sell-offer' in tg and open_: ok=True
            if not ok: print('no evidence',i); errs+=1
assert seen==set(dl),'label/transcript mismatch'
print('dialogues',len(dl),'errors',errs)
