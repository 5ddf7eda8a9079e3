---- MODULE junctions ----
\* Bulleted lists: alignment decides structure, not indentation depth.
A == /\ a
     /\ \/ b
        \/ c
     /\ d

B ==
  \/ /\ a
     /\ b
  \/ /\ c
     /\ d

\* An item continues on lines indented past its bullet.
C == /\ x = 1
       + 2
     /\ y

\* A nested list ends where a token reaches its column.
D == /\ \/ a
        \/ b
     /\ c

\* Misaligned: this \/ is left of the inner list's column, so it ends that
\* list and continues the outer item as an infix \/.
D2 == /\ \/ a
        \/ b
      /\ c

\* Infix /\ inside an item on one line.
E == /\ a /\ b
     /\ c \/ d

\* A list inside parentheses, closed on its own line.
F == (/\ a
      /\ b
     ) => c

\* A single-item list.
G == /\ a

\* Lists in LET, IF, quantifiers and CASE arms.
H == LET u == /\ a
              /\ b
     IN  IF /\ u
            /\ c
         THEN \E i \in S : /\ i > 0
                           /\ i < 9
         ELSE CASE a -> /\ b
                        /\ c
                [] OTHER -> d

\* A tab moves to the next multiple of 8, so these bullets align.
I ==
	/\ a
        /\ b
====
