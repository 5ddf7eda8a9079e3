---- MODULE OverrideWrapBase ----
\* The module OverrideWrap both extends and instantiates: Inc, and Step, which uses Inc.
EXTENDS Naturals
VARIABLE c
Inc == c' = c + 1
Step == Inc
====
