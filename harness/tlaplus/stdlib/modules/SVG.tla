---------------------------------- MODULE SVG ----------------------------------
(***************************************************************************)
(* The community module for drawing a state as an SVG image, usually in   *)
(* an ALIAS. An element is a record [name |-> tag, attrs |-> a record of   *)
(* attribute strings, children |-> a sequence of elements, innerText |->   *)
(* a string]. The module extends Naturals, Sequences, SequencesExt,       *)
(* Integers, TLC and FiniteSets, as the community's does.                  *)
(* SVGElemToString, NodeOfRingNetwork, PointOnLine and                     *)
(* NodesOfDirectedMultiGraph have Java definitions in TLC; the evaluator   *)
(* implements the first three natively and refuses the last, whose layout *)
(* algorithms only exist in Java libraries. SVGDoc and SVGSerialize (the   *)
(* element written to <prefix><n>.svg, through IOUtils' Serialize) are the *)
(* community module's newest, as is the public SVGElem.                    *)
(***************************************************************************)
EXTENDS Naturals, Sequences, SequencesExt, Integers, TLC, FiniteSets

LOCAL Merge(r1, r2) ==
    (* The fields of both records; r1's value where both have a field. *)
    [k \in DOMAIN r1 \cup DOMAIN r2 |-> IF k \in DOMAIN r1 THEN r1[k] ELSE r2[k]]

SVGElem(_name, _attrs, _children, _innerText) ==
    [name |-> _name, attrs |-> _attrs, children |-> _children, innerText |-> _innerText]

Line(x1, y1, x2, y2, attrs) ==
    SVGElem("line", Merge([x1 |-> ToString(x1), y1 |-> ToString(y1),
                           x2 |-> ToString(x2), y2 |-> ToString(y2)], attrs), << >>, "")

Circle(cx, cy, r, attrs) ==
    SVGElem("circle", Merge([cx |-> ToString(cx), cy |-> ToString(cy), r |-> ToString(r)], attrs),
            << >>, "")

Rect(x, y, w, h, attrs) ==
    SVGElem("rect", Merge([x |-> ToString(x), y |-> ToString(y),
                           width |-> ToString(w), height |-> ToString(h)], attrs), << >>, "")

Text(x, y, text, attrs) ==
    SVGElem("text", Merge([x |-> ToString(x), y |-> ToString(y)], attrs), << >>, text)

Image(x, y, width, height, href, attrs) ==
    SVGElem("image", Merge("xlink:href" :> href @@ "x" :> ToString(x) @@ "y" :> ToString(y) @@
                           "width" :> ToString(width) @@ "height" :> ToString(height), attrs), << >>, "")

Group(children, attrs) == SVGElem("g", attrs, children, "")

Svg(children, attrs) == SVGElem("svg", attrs, children, "")

SVGDoc(children, vbX, vbY, vbW, vbH, attrs) ==
    (* A whole SVG document: children in an svg element with the SVG namespaces and viewBox. *)
    Svg(<<children>>, Merge("xmlns:xlink" :> "http://www.w3.org/1999/xlink" @@
                            "xmlns" :> "http://www.w3.org/2000/svg" @@
                            "viewBox" :> ToString(vbX) \o " " \o ToString(vbY) \o " " \o
                                         ToString(vbW) \o " " \o ToString(vbH), attrs))

SVGElemToString(elem) == TRUE

NodeOfRingNetwork(cx, cy, r, n, m) == [x |-> 0, y |-> 0]

PointOnLine(from, to, segment) == [x |-> 0, y |-> 0]

NodesOfDirectedMultiGraph(nodes, edges, options) == [n \in nodes |-> [x |-> 0, y |-> 0]]

SVGSerialize(svg, frameNamePrefix, frameNumber) ==
    (* Writes SVGElemToString(svg) to the file <frameNamePrefix><frameNumber>.svg. *)
    LET IO == INSTANCE IOUtils IN
    IO!Serialize(SVGElemToString(svg), frameNamePrefix \o ToString(frameNumber) \o ".svg",
                 [format |-> "TXT", charset |-> "UTF-8",
                  openOptions |-> <<"WRITE", "CREATE", "TRUNCATE_EXISTING">>])
=============================================================================
