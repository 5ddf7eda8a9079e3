---- MODULE OverrideBase ----
\* The bound OverrideShared and the module it instantiates, OverrideCounter, both extend: one
\* definition, which a configuration entry `Max <- MCMax` replaces in both.
Max == 2
====
