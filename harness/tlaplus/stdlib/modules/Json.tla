--------------------------------- MODULE Json ---------------------------------
(***************************************************************************)
(* The community module Json: TLA+ values to and from JSON text and files. *)
(* A JSON object is a record, an array a sequence (tuple), a number an     *)
(* integer, a string a string and true/false a boolean; JSON null has no   *)
(* TLA+ counterpart and is an error. The evaluator implements every        *)
(* operator natively; the definitions below only state the arities (file  *)
(* contents are outside the logic), as the community module's do.          *)
(***************************************************************************)
LOCAL INSTANCE Sequences

\* The JSON text of v: records become objects, sequences arrays, finite
\* sets arrays of their elements in TLC's order.
ToJson(v) == CHOOSE s \in STRING : TRUE

\* The JSON array of a sequence (or set).
ToJsonArray(v) == CHOOSE s \in STRING : TRUE

\* The JSON object of a record (or function with string domain).
ToJsonObject(v) == CHOOSE s \in STRING : TRUE

\* Writes the elements of the sequence v to file as one JSON array.
JsonSerialize(file, v) == TRUE

\* The JSON value stored in file.
JsonDeserialize(file) == CHOOSE v : TRUE

\* Writes the elements of the sequence v to file, one JSON value a line.
ndJsonSerialize(file, v) == TRUE

\* The sequence of JSON values stored in file one a line (newline-delimited
\* JSON); blank lines are skipped.
ndJsonDeserialize(file) == CHOOSE v : TRUE
================================================================================
