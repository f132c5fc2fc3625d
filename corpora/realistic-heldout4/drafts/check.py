#!/usr/bin/env python3
"""Consistency check of hand-set verdicts against the hand-set tags (section 6 reading).
Prints mismatches for re-reading; it does not change anything."""
import glob,sys,os,collections
sys.path.insert(0,os.path.dirname(__file__))
from assemble import parse
tot=collections.Counter(); dom=collections.Counter(); band=collections.Counter(); lang=collections.Counter()
for p in sorted(glob.glob(os.path.join(os.path.dirname(__file__),'draft-*.txt'))):
    for d in parse(p):
        turns=[]; handoff_after=[]  # handoff_after[i]: handoff happened after turn i
        hand_idx=set()
        for it in d['items']:
            if it[0]=='t': turns.append(it)
            elif it[1]=='handoff': hand_idx.add(len(turns))
        # pc
        open_=False; pc='no'; ev=[]
        for i,(_,sp,txt,tags) in enumerate(turns,1):
            if 'ps' in tags: open_=True
            if 'pr' in tags: open_=False
            if 'xs' in tags and open_: pc='yes'; ev.append(i)
        # me
        me='no'
        if not d['op']:
            nfr=0; handed=False
            for i,(_,sp,txt,tags) in enumerate(turns,1):
                if any(h<=i-1 for h in hand_idx) and min(hand_idx)<i: break
                if 'fr' in tags: nfr+=1
                sig=('er' in tags) or ('fr' in tags and nfr>=2)
                if not sig: continue
                bots=0; ok=False
                for j in range(i+1,len(turns)+1):
                    if (j-1) in hand_idx and j-1>=i: ok=True;break
                    t=turns[j-1]
                    if t[1]=='B':
                        bots+=1
                        if bots==3: break
                    if t[1]=='C' and ('pr' in t[3] or 'wd' in t[3]): ok=True;break
                else:
                    if len(turns) in hand_idx: ok=True
                if not ok: me='yes'; break
        v=d['v']
        n=len(turns); b='short' if n<=6 else 'medium' if n<=12 else 'long'
        band[b]+=1; lang[d['lang']]+=1; dom[d['domain']]+=1
        tot[(v[0],v[1])]+=1
        if (pc,me)!=tuple(v): print(d['id'],'set',v,'computed',pc,me,'turns',n)
print(dict(tot)); print(dict(band)); print(dict(lang)); print(dict(dom))
print('pc yes',sum(c for k,c in tot.items() if k[0]=='yes'),'me yes',sum(c for k,c in tot.items() if k[1]=='yes'),'both',tot[('yes','yes')],'neither',tot[('no','no')])
