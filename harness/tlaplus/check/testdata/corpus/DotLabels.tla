---- MODULE DotLabels ----
\* A state graph whose dot labels need escaping: s holds a string with quotes, then one with a
\* backslash, and back; n flips between 0 and 1 (two variables, so two label lines).
\* States ("say \"hi\"", 0) and ("back\\slash", 1); the step back reaches the first again:
\* generated 1 + 1 + 1 = 3, distinct 2, depth 2; the dot file has 2 nodes (one initial) and 2 edges.
EXTENDS Integers
VARIABLES s, n
Init == s = "say \"hi\"" /\ n = 0
Next == /\ s' = IF s = "say \"hi\"" THEN "back\\slash" ELSE "say \"hi\""
        /\ n' = 1 - n
====
