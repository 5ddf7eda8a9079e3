---- MODULE StepSize ----
\* The step of Steps, in a module of its own so that a configuration can reach it through Steps.
Step == 1
====
