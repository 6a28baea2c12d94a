package hapmeter.trace;

/** Sees every function_graph call and exit line of every task, with the interrupt filter's verdict on it. */
interface GraphListener {
    /**
     * @param kind    {@link GraphEvent#ENTRY}, {@link GraphEvent#LEAF} or {@link GraphEvent#EXIT}
     * @param verdict {@link InterruptFilter#KEPT}, {@link InterruptFilter#DROPPED} or {@link InterruptFilter#NONE}
     */
    void line(Task t, int indent, int kind, int name, int verdict);
}
