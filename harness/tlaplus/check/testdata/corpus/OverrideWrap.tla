---- MODULE OverrideWrap ----
\* etcd-io/raft's MCetcdraft idiom: OverrideWrap.cfg replaces Inc by MCInc, which bounds the
\* instance's own Inc, W!Inc. As in TLC, the entry reaches the uses of Inc inside the module
\* (Step's, so Next == W!Step takes MCInc), but not W!Inc, the instance's copy of the
\* definition: c goes 0, 1, 2, 3 and stops (MCInc is false at 3; deadlock checking is off):
\* generated 4, distinct 4, depth 4, and Small holds. Were W!Inc replaced too, MCInc would
\* call itself for ever; were Step's Inc not replaced, c would pass 3 and violate Small.
EXTENDS Naturals, OverrideWrapBase
W == INSTANCE OverrideWrapBase
MCInc == c < 3 /\ W!Inc
Init == c = 0
Next == W!Step
Small == c <= 3
====
