-------------------------------- MODULE TLCExt --------------------------------
(***************************************************************************)
(* TLC's extension module. Most of its operators have meanings only TLC    *)
(* knows, given by Java code: the definitions below are TLC's own          *)
(* placeholders, and the evaluator implements every operator natively.     *)
(*   AssertEq(a, b): a = b, printing both values when they differ.         *)
(*   AssertError(err, exp): FALSE if exp evaluates; if it fails, asserts   *)
(*     that the failure's message is err.                                  *)
(*   Trace: the behavior from an initial state to the current one, as a   *)
(*     sequence of records from variable names to values.                  *)
(*   CounterExample, ToTrace(CE): in a POSTCONDITION, the counterexample   *)
(*     as [state |-> States, action |-> Actions], and as a trace.          *)
(*   TLCModelValue(str): the model value named str.                        *)
(*   TLCDefer(e): e evaluated now (TLC may defer it in simulation), TRUE.  *)
(*   TLCNoOp(v), TLCCache(e, closure): the value of v, of e.               *)
(*   PickSuccessor(exp): TRUE (TLC asks the user when exp is FALSE; this  *)
(*     engine never asks).                                                 *)
(*   TLCGetOrDefault(k, d): TLCGet(k), or d where that is undefined.       *)
(*   TLCGetAndSet(k, Op, v, d): sets register k to Op(old, v), where old  *)
(*     is TLCGetOrDefault(k, d), and equals old.                           *)
(*   TLCFP(v): a number fingerprinting v (not TLC's number).               *)
(***************************************************************************)
LOCAL INSTANCE TLC

AssertEq(a, b) ==
    IF a /= b THEN /\ PrintT("Assertion failed")
                   /\ PrintT(a)
                   /\ PrintT(b)
                   /\ a = b
              ELSE a = b

AssertError(err, exp) ==
    LET FailsEval(e) == CHOOSE b \in BOOLEAN : TRUE
        TLCError == CHOOSE s \in STRING : TRUE
    IN  IF FailsEval(exp) THEN Assert(err = TLCError, TLCError) ELSE TRUE

Trace == TRUE

CounterExample == TRUE

ToTrace(CE) == TRUE

TLCModelValue(str) == CHOOSE v : ToString(v) = str

TLCDefer(expression) == TRUE

TLCNoOp(val) == val

PickSuccessor(exp) == IF exp THEN TRUE ELSE CHOOSE b \in BOOLEAN : TRUE

TLCCache(expression, closure) == expression

TLCGetOrDefault(key, defaultVal) == CHOOSE v : TRUE

TLCGetAndSet(key, Op(_, _), val, defaultVal) == CHOOSE v : TRUE

TLCFP(val) == CHOOSE n : TRUE

\* The value of the definition named definitionName (a string), which takes no argument.
TLCEvalDefinition(definitionName) == TRUE
=============================================================================
