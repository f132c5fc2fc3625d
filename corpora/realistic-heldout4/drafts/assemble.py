#!/usr/bin/env python3
"""Assemble hand-written drafts (drafts/draft-NN.txt) into transcripts-NN.xml and labels-NN.xml.
Draft syntax:
=== h4-0001 | en | domain | channel | page | 2026-11-24T10:02 | -05:00 | Name or - | bot-agent
C: client text || ps fr
B: bot text || xs
O: operator text          (operator agent = last handoff target, or set by 'OP op-x' line)
EV handoff op-7 | EV close | EV form | EV download item | EV call
OP op-x                   (operator serving from start)
V: pc me                  (yes/no yes/no)
Only metadata (timestamps, numbering, XML) is produced here; all text is hand-written."""
import sys, re, glob, os
from datetime import datetime, timedelta
from xml.sax.saxutils import escape, quoteattr
TAG = {'ps':'problem-stated','pr':'problem-resolved','xs':'cross-sell-offer','er':'escalation-request','fr':'frustration','cl':'handoff-context-lost'}
def parse(path):
    ds=[]; cur=None
    for raw in open(path,encoding='utf-8'):
        line=raw.rstrip('\n')
        if not line.strip() or line.startswith('//'): continue
        if line.startswith('==='):
            f=[x.strip() for x in line[3:].split('|')]
            cur=dict(id=f[0],lang=f[1],domain=f[2],channel=f[3],page=f[4],start=f[5],off=f[6],name=f[7],bot=f[8],items=[],v=None,op=None); ds.append(cur); continue
        if line.startswith('V:'):
            cur['v']=line[2:].split(); continue
        if line.startswith('OP '):
            cur['op']=line[3:].strip(); continue
        if line.startswith('EV '):
            p=line[3:].split(None,1); cur['items'].append(('ev',p[0],p[1] if len(p)>1 else '')); continue
        m=re.match(r'^([CBO]):\s?(.*)$',line)
        if not m: raise SystemExit(f'{path}: bad line in {cur and cur["id"]}: {line!r}')
        sp,txt=m.groups(); tags=[]
        if ' || ' in txt:
            txt,t=txt.rsplit(' || ',1); tags=t.split()
            for x in tags:
                if x not in TAG and x!='wd': raise SystemExit(f'bad tag {x} in {cur["id"]}')
        cur['items'].append(('t',sp,txt.strip(),tags))
    return ds
def gaps(seed):
    import random; r=random.Random(seed); return r
def build(ds,n):
    out=['<?xml version="1.0" encoding="UTF-8"?>',f'<dialogues source="support-chat-h4" exported="2026-12-09T23:00:00Z">']
    lab=['<?xml version="1.0" encoding="UTF-8"?>','<labels>']
    for d in ds:
        r=gaps(d['id']); t=datetime.fromisoformat(d['start']); off=d['off']
        fmt=lambda x: x.strftime('%Y-%m-%dT%H:%M:%S')+off
        op=d['op']; turns=[]; body=[]; first=True
        for it in d['items']:
            if it[0]=='ev':
                t+=timedelta(seconds=r.randint(1,4))
                typ,arg=it[1],it[2]
                if typ=='handoff': op=arg; body.append(f'    <event type="handoff" at="{fmt(t)}" to={quoteattr(arg)}/>')
                elif typ=='download': body.append(f'    <event type="download" at="{fmt(t)}" item={quoteattr(arg)}/>')
                else: body.append(f'    <event type="{typ}" at="{fmt(t)}"/>')
                if typ=='handoff': t+=timedelta(seconds=r.randint(30,150))
                continue
            _,sp,txt,tags=it
            if not first:
                if sp=='C': t+=timedelta(seconds=r.randint(15,110)+len(txt)//3)
                elif sp=='B': t+=timedelta(seconds=r.randint(2,6))
                else: t+=timedelta(seconds=r.randint(20,90)+len(txt)//4)
            first=False
            spk={'C':'client','B':'bot','O':'operator'}[sp]
            ag=''
            if sp=='B': ag=f' agent={quoteattr(d["bot"])}'
            if sp=='O':
                if not op: raise SystemExit(f'operator without agent in {d["id"]}')
                ag=f' agent={quoteattr(op)}'
            turns.append((spk,tags))
            body.append(f'    <turn speaker="{spk}"{ag} at="{fmt(t)}">{escape(txt)}</turn>')
        end=t+timedelta(seconds=r.randint(20,200))
        page=f' page={quoteattr(d["page"])}' if d['page']!='-' else ''
        out.append(f'  <dialogue id="{d["id"]}" channel="{d["channel"]}"{page} lang="{d["lang"]}" started="{d["start"]}:00{off}" ended="{fmt(end)}">')
        if d['name']!='-':
            num=int(d['id'].split('-')[1])
            out.append(f'    <contact crm-id="C-4{num:04d}" name={quoteattr(d["name"])}/>')
        out+=body; out.append('  </dialogue>')
        lab.append(f'  <labeled dialogue="{d["id"]}" by="oleg" at="2026-12-09T{10+n:02d}:{(int(d["id"][-2:])*3)%60:02d}:00Z">')
        for i,(spk,tags) in enumerate(turns,1):
            for x in tags:
                if x in TAG: lab.append(f'    <turn n="{i}" tag="{TAG[x]}"/>')
        if not d['v'] or len(d['v'])!=2: raise SystemExit(f'no verdict {d["id"]}')
        lab.append(f'    <verdict premature-cross-sell="{d["v"][0]}" missed-escalation="{d["v"][1]}"/>')
        lab.append('  </labeled>')
    out.append('</dialogues>'); lab.append('</labels>')
    return '\n'.join(out)+'\n','\n'.join(lab)+'\n'
if __name__=='__main__':
    base=os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for p in sorted(glob.glob(os.path.join(base,'drafts','draft-*.txt'))):
        n=int(re.search(r'(\d+)',os.path.basename(p)).group(1))
        ds=parse(p); x,l=build(ds,n)
        open(os.path.join(base,f'transcripts-{n:02d}.xml'),'w',encoding='utf-8').write(x)
        open(os.path.join(base,f'labels-{n:02d}.xml'),'w',encoding='utf-8').write(l)
        print(p,len(ds))
