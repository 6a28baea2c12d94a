package hapmeter.trace;

import static hapmeter.trace.Bytes.indexOf;
import static hapmeter.trace.Bytes.skipSpaces;
import static hapmeter.trace.Bytes.trimEnd;

/**
 * The body of a function_graph line, which tracefs and trace-cmd print alike after their columns: the indent, then
 * an entry "f() {", a leaf "f();", an exit "}" (with or without the tail comment), a comment or an irq marker.
 */
final class GraphBody {
    private final Names names;

    GraphBody(Names names) {
        this.names = names;
    }

    /** Lexes the body from FIELD (after the last column's '|') into EV, interning the name; returns the kind. */
    int lex(byte[] b, int field, int e, GraphEvent ev) {
        int q = skipSpaces(b, field, e);
        if (q == e) {
            return ev.kind = GraphEvent.MALFORMED;
        }
        ev.indent = q - field;
        byte c = b[q];
        if (c == '}') {
            return ev.kind = GraphEvent.EXIT;
        }
        if (c == '/' && q + 1 < e && b[q + 1] == '*') {
            ev.textStart = skipSpaces(b, q + 2, e);
            ev.textEnd = trimEnd(b, ev.textStart, e >= q + 4 && b[e - 1] == '/' && b[e - 2] == '*' ? e - 2 : e);
            return ev.kind = GraphEvent.COMMENT;
        }
        if (isIrqMarker(b, q, e)) {
            return ev.kind = GraphEvent.IRQ_MARKER;
        }
        if (!isNameStart(c)) {
            return ev.kind = GraphEvent.MALFORMED;
        }
        int ns = q;
        int h = 0;
        for (; q < e; q++) {
            byte x = b[q];
            if (x == '(' || x == ' ') {
                break;
            }
            h = 31 * h + x;
        }
        int ne = q;
        int open = q;
        if (q + 1 < e && b[q] == ' ' && b[q + 1] == '[') { // "name [module]()"
            int rb = indexOf(b, q, e, ']');
            open = rb < 0 ? e : rb + 1;
        }
        int close = open < e && b[open] == '(' ? indexOf(b, open, e, ')') : -1;
        q = close < 0 ? e : skipSpaces(b, close + 1, e);
        if (q == e || (b[q] != '{' && b[q] != ';')) {
            return ev.kind = GraphEvent.MALFORMED; // also a truncated last line
        }
        ev.name = names.intern(b, ns, ne, h);
        return ev.kind = b[q] == '{' ? GraphEvent.ENTRY : GraphEvent.LEAF;
    }

    static boolean isIrqMarker(byte[] b, int s, int e) {
        return e - s >= 11 && (b[s] == '=' && b[s + 10] == '>' || b[s] == '<' && b[s + 10] == '=')
                && b[s + 1] == '=' && b[s + 9] == '=';
    }

    private static boolean isNameStart(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }
}
