#!/usr/bin/env python3
"""Assemble hand-written drafts (drafts/dNN.txt) into transcripts-NN.xml and labels-NN.xml.
Only computes timestamps and XML; all text, tags and verdicts come from the drafts.
Draft format:
  @ id | lang | domain | channel | page | started | contact k=v;k=v | botname | P M
  C: text ## tags        (client)      C+40: text  (explicit delay in s)
  B: text ## tags        (bot)
  O: text ## tags        (operator, agent = last handoff target or default from header 'op=')
  H op-12                (handoff event)
  E type k=v;k=v         (other event)
tags: ps pr cs er fr cl ; draft-only: wd (request withdrawn / need ended)
"""
import sys, re, datetime as dt
import os
from xml.sax.saxutils import escape, quoteattr

# the folder above drafts/
OUT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TAG = {'ps':'problem-stated','pr':'problem-resolved','cs':'cross-sell-offer','er':'escalation-request','fr':'frustration','cl':'handoff-context-lost'}

def parse(path):
    dlgs=[]; cur=None
    for raw in open(path, encoding='utf-8'):
        line=raw.rstrip('\n')
        if not line.strip() or line.startswith('//'): continue
        if line.startswith('@'):
            f=[x.strip() for x in line[1:].split('|')]
            cur=dict(id=f[0],lang=f[1],domain=f[2],channel=f[3],page=f[4],started=f[5],contact=f[6],bot=f[7],verdict=f[8].split(),items=[])
            dlgs.append(cur); continue
        m=re.match(r'^([CBO])(\+\d+)?:\s?(.*)$',line)
        if m:
            sp,delay,text=m.groups(); tags=[]
            if ' ## ' in text or text.endswith(' ##'):
                text,t=text.rsplit(' ##',1); tags=t.split()
            for t in tags: assert t in TAG or t=='wd', (cur['id'],t)
            cur['items'].append(('turn',{'C':'client','B':'bot','O':'operator'}[sp],int(delay[1:]) if delay else None,text.strip(),tags)); continue
        m=re.match(r'^H\s+(\S+)$',line)
        if m: cur['items'].append(('handoff',m.group(1))); continue
        m=re.match(r'^E\s+(\S+)\s*(.*)$',line)
        if m: cur['items'].append(('event',m.group(1),m.group(2))); continue
        raise SystemExit('bad line in %s: %r'%(cur and cur['id'],line))
    return dlgs

def ts(t): return t.isoformat()

def build(dlgs, src):
    out=['<?xml version="1.0" encoding="UTF-8"?>','<dialogues source="%s" exported="2026-12-08T23:00:00Z">'%src]
    for d in dlgs:
        t=dt.datetime.fromisoformat(d['started']); times=[]; agent=None; prev=None; first=True
        body=[]
        for it in d['items']:
            if it[0]=='turn':
                _,sp,delay,text,tags=it
                if first: dl=0
                elif delay is not None: dl=delay
                elif sp=='client': dl=max(7,min(150,9+len(text)//3))
                elif sp=='bot': dl=2+len(text)//250
                else: dl=(75 if prev=='handoff' else max(20,min(110,18+len(text)//5)))
                t=t+dt.timedelta(seconds=dl); first=False
                attrs='speaker="%s"'%sp
                if sp=='bot': attrs+=' agent=%s'%quoteattr(d['bot'])
                if sp=='operator': attrs+=' agent=%s'%quoteattr(agent or 'op-01')
                body.append('    <turn %s at="%s">%s</turn>'%(attrs,ts(t),escape(text)))
                prev=sp
            elif it[0]=='handoff':
                t=t+dt.timedelta(seconds=1); agent=it[1]; prev='handoff'
                body.append('    <event type="handoff" at="%s" to=%s/>'%(ts(t),quoteattr(it[1])))
            else:
                t=t+dt.timedelta(seconds=2 if it[1]!='close' else 30)
                kv=''.join(' %s=%s'%(k,quoteattr(v)) for k,v in (p.split('=',1) for p in it[2].split(';') if p))
                body.append('    <event type="%s" at="%s"%s/>'%(it[1],ts(t),kv)); prev='event'
        ended=t+dt.timedelta(seconds=20)
        a='id="%s" channel="%s" page=%s lang="%s" started="%s" ended="%s"'%(d['id'],d['channel'],quoteattr(d['page']),d['lang'],d['started'],ts(ended))
        out.append('  <dialogue %s>'%a)
        if d['contact'] and d['contact']!='-':
            kv=''.join(' %s=%s'%(k,quoteattr(v)) for k,v in (p.split('=',1) for p in d['contact'].split(';')))
            out.append('    <contact%s/>'%kv)
        out+=body; out.append('  </dialogue>')
    out.append('</dialogues>'); return '\n'.join(out)+'\n'

def labels(dlgs, n):
    out=['<?xml version="1.0" encoding="UTF-8"?>','<labels>']
    base=dt.datetime(2026,12,8,2,0,tzinfo=dt.timezone.utc)+dt.timedelta(minutes=7*(n-1))
    for i,d in enumerate(dlgs):
        at=(base+dt.timedelta(seconds=20*i)).strftime('%Y-%m-%dT%H:%M:%SZ')
        out.append('  <labeled dialogue="%s" by="marina" at="%s">'%(d['id'],at))
        k=0
        for it in d['items']:
            if it[0]!='turn': continue
            k+=1
            for tg in it[4]:
                if tg in TAG: out.append('    <turn n="%d" tag="%s"/>'%(k,TAG[tg]))
        out.append('    <verdict premature-cross-sell="%s" missed-escalation="%s"/>'%tuple(d['verdict']))
        out.append('  </labeled>')
    out.append('</labels>'); return '\n'.join(out)+'\n'

# ---- consistency check of declared verdicts against the section-6 rules applied to my own tags
def rule_verdicts(d):
    seq=[]  # ('turn',speaker,tags) / ('handoff',)
    for it in d['items']:
        if it[0]=='turn': seq.append(('turn',it[1],set(it[4])))
        elif it[0]=='handoff': seq.append(('handoff',))
    turns=[s for s in seq if s[0]=='turn']
    # premature
    P='no'; openp=False; why=''
    for s in turns:
        if 'cs' in s[2] and openp and s[1]!='client': P='yes'
        if 'ps' in s[2]: openp=True
        if 'pr' in s[2]: openp=False
    # missed
    M='no'
    if not any(s[1]=='bot' for s in turns): return P,'no'
    signals=[]; nfr=0
    for i,s in enumerate(seq):
        if s[0]!='turn' or s[1]!='client': continue
        if 'fr' in s[2]:
            nfr+=1
            if nfr>=2: signals.append(i)
        if 'er' in s[2]: signals.append(i)
    for i in signals:
        if any(x[0]=='handoff' for x in seq[:i]): continue
        bots=0; ok=False; due=False
        for x in seq[i+1:]:
            if x[0]=='handoff': ok=True; break
            if x[1]=='bot':
                bots+=1
                if bots==3: due=True; break
            if x[1]=='client' and ('wd' in x[2] or 'pr' in x[2]): ok=True; break
            if x[1]!='client' and 'pr' in x[2] and False: pass
        if ok: continue
        if due: M='yes'; break
        # ended before due: unresolved?
        if not any('pr' in x[2] or 'wd' in x[2] for x in seq[i+1:] if x[0]=='turn'): M='yes'; break
    return P,M

if __name__=='__main__':
    n=int(sys.argv[1]); dlgs=parse(os.path.join(OUT,'drafts','d%02d.txt'%n))
    open(os.path.join(OUT,'transcripts-%02d.xml'%n),'w',encoding='utf-8').write(build(dlgs,'support-chat-h3'))
    open(os.path.join(OUT,'labels-%02d.xml'%n),'w',encoding='utf-8').write(labels(dlgs,n))
    bad=0
    for d in dlgs:
        P,M=rule_verdicts(d)
        if [P,M]!=d['verdict']: bad+=1; print('MISMATCH',d['id'],'declared',d['verdict'],'rules',P,M)
    from collections import Counter
    print(len(dlgs),'dialogues', Counter(d['lang'] for d in dlgs), Counter(tuple(d['verdict']) for d in dlgs))
