---- MODULE OverrideCounter ----
EXTENDS Naturals, OverrideBase
VARIABLE c
Inc == c < Max /\ c' = c + 1
====
