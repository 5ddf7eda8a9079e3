---- MODULE Steps ----
\* n climbs from 0 by Bump(n) while it stays within Limit. ScopedInstance instantiates this
\* module and ScopedExtends extends it; their configurations replace Step (of StepSize, which this
\* module extends) or Bump as seen inside this module, with `<- [Steps]`, `= [StepSize]`, ...
EXTENDS Naturals, StepSize
CONSTANT Limit
VARIABLE n
Bump(v) == v + Step
Init == n = 0
Next == Bump(n) <= Limit /\ n' = Bump(n)
====
