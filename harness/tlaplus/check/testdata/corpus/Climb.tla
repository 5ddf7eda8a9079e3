---- MODULE Climb ----
\* x climbs from 1 within x < 5. Above, "once x > 1, x > 2 for ever", is violated by the finite
\* behavior 1, 2 (TLC's Github710b test, the same model: exit 12, 3 generated, 3 distinct, 1
\* left, depth 3, that trace): TLC finds it expanding 2, after queuing 3, and stops there.
EXTENDS Naturals
VARIABLE x
Init == x = 1
Next == x' = x + 1
Spec == Init /\ [][Next]_x
Small == x < 5
Above == [](x > 1 => [](x > 2))
====
