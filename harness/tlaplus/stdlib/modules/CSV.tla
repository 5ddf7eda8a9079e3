---------------------------------- MODULE CSV ----------------------------------
(***************************************************************************)
(* The community module of CSV files, which TLC implements in Java and     *)
(* this evaluator natively:                                                *)
(*   CSVWrite(template, val, file) appends to file the line template with  *)
(*     %1$s, %2$s, ... replaced by the elements of the sequence val (each *)
(*     printed as TLC prints values), and is TRUE.                         *)
(*   CSVRead(columns, delimiter, file) is the sequence of the lines of     *)
(*     file, each a record from the names in columns to the fields of the *)
(*     line split at delimiter.                                            *)
(*   CSVRecords(file) is the number of lines of file (0 if it does not    *)
(*     exist).                                                             *)
(***************************************************************************)
LOCAL INSTANCE TLC
LOCAL INSTANCE Integers

CSVWrite(template, val, file) == TRUE

CSVRead(columns, delimiter, file) == TRUE

CSVRecords(file) == CHOOSE n : n \in Nat
=============================================================================
