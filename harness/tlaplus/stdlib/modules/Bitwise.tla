------------------------------- MODULE Bitwise -------------------------------
(***************************************************************************)
(* The community module of bitwise operations on natural numbers: the     *)
(* binary digits of x & y, x | y and x ^^ y are the AND, OR and XOR of    *)
(* those of x and y, Not(x) flips every digit of x up to its most         *)
(* significant one, and shiftR(n, pos) drops the pos lowest digits of n.  *)
(* The evaluator implements every operator natively, as TLC's Java        *)
(* override does.                                                          *)
(***************************************************************************)
LOCAL INSTANCE Integers

LOCAL Digit(x, i) == (x \div 2^i) % 2

LOCAL Width(x) == CHOOSE n \in 0 .. x + 1 : x < 2^n

LOCAL Combine(x, y, Bit(_, _)) ==
    LET n == Width(IF x >= y THEN x ELSE y)
        rec[i \in 0 .. n] == IF i = n THEN 0
                             ELSE 2^i * Bit(Digit(x, i), Digit(y, i)) + rec[i + 1]
    IN  rec[0]

x & y == Combine(x, y, LAMBDA a, b : a * b)

x | y == Combine(x, y, LAMBDA a, b : (a + b + a * b) % 2)

x ^^ y == Combine(x, y, LAMBDA a, b : (a + b) % 2)

Not(a) == Combine(a, a, LAMBDA d, e : (d + 1) % 2)

shiftR(n, pos) == n \div 2^pos
=============================================================================
