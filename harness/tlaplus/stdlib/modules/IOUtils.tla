------------------------------- MODULE IOUtils --------------------------------
(***************************************************************************)
(* The community module IOUtils: IOEnv, the process's environment         *)
(* variables as a record (trace validation names the trace file in         *)
(* IOEnv.JSON), atoi, zeroPadN, and Serialize/Deserialize of text files    *)
(* (options [format |-> "TXT", charset |-> "UTF-8", openOptions |-> ...]), *)
(* which answer [exitValue, stdout, stderr] as TLC's do. The operators     *)
(* that run processes or use TLC's binary value format (IOExec, IOEnvExec, *)
(* IOExecTemplate, IOEnvExecTemplate, IOSerialize, IODeserialize) are      *)
(* declared with their community arities so that modules using them load, *)
(* but this engine refuses to evaluate them: a model that runs programs is *)
(* not reproducible. The evaluator implements every operator natively.    *)
(***************************************************************************)
LOCAL INSTANCE Integers
LOCAL INSTANCE Sequences
LOCAL INSTANCE TLC

\* The environment: a record from variable names to their string values.
IOEnv == CHOOSE r \in [STRING -> STRING] : TRUE

\* The integer a decimal string denotes: atoi("-17") = -17.
atoi(str) == CHOOSE i \in Int : ToString(i) = str

\* n in decimal, with leading zeros up to width characters.
zeroPadN(n, width) ==
    LET s == ToString(n)
        pad[k \in Nat] == IF k <= 0 THEN "" ELSE "0" \o pad[k - 1]
    IN pad[width - Len(s)] \o s

IOSerialize(val, absoluteFilename, compress) == TRUE
IODeserialize(absoluteFilename, compressed) == CHOOSE val : TRUE
Serialize(val, dest, options) ==
    CHOOSE r \in [exitValue : Int, stdout : STRING, stderr : STRING] : TRUE
Deserialize(src, options) == CHOOSE val : TRUE
IOExec(command) ==
    CHOOSE r \in [exitValue : Int, stdout : STRING, stderr : STRING] : TRUE
IOEnvExec(env, command) ==
    CHOOSE r \in [exitValue : Int, stdout : STRING, stderr : STRING] : TRUE
IOExecTemplate(commandTemplate, parameters) ==
    CHOOSE r \in [exitValue : Int, stdout : STRING, stderr : STRING] : TRUE
IOEnvExecTemplate(env, commandTemplate, parameters) ==
    CHOOSE r \in [exitValue : Int, stdout : STRING, stderr : STRING] : TRUE
================================================================================
