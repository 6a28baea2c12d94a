/* The reference HTTP server on lwIP's raw API: the same per-connection behaviour as
 * images/workload/server.c (read until the request head is complete or 4096 bytes arrived,
 * answer with http_reply_for, close; a peer that closes first gets no answer), driven by
 * callbacks instead of blocking calls. */
#include "http.h"
#include "kernel.h"
#include "lwip/tcp.h"
#include "unikernel.h"

struct conn {
    size_t len;
    int replying;
    const char *out[2]; /* what is left to queue: head, then body */
    size_t out_len[2];
    char buf[4096];
};

static void conn_close(struct conn *c, struct tcp_pcb *pcb);

/* Queues as much of the reply as the send buffer takes (the data is static: no copy), the rest
 * from the sent and poll callbacks; closes once all is queued, so the FIN follows the data. */
static void conn_push(struct conn *c, struct tcp_pcb *pcb) {
    for (int i = 0; i < 2; i++) {
        while (c->out_len[i]) {
            u16_t n = tcp_sndbuf(pcb);
            if (n > c->out_len[i]) n = (u16_t)c->out_len[i];
            u8_t more = i == 0 && c->out_len[1] ? TCP_WRITE_FLAG_MORE : 0;
            if (n == 0 || tcp_write(pcb, c->out[i], n, more) != ERR_OK) return;
            c->out[i] += n;
            c->out_len[i] -= n;
        }
    }
    conn_close(c, pcb);
}

static err_t on_sent(void *arg, struct tcp_pcb *pcb, u16_t acked) {
    (void)acked;
    conn_push(arg, pcb);
    return ERR_OK;
}

static err_t on_poll(void *arg, struct tcp_pcb *pcb) {
    struct conn *c = arg;
    if (c->replying) conn_push(c, pcb); /* retries what ran out of memory */
    return ERR_OK;
}

static void on_err(void *arg, err_t err) {
    (void)err;
    mem_free(arg); /* lwIP has already freed the pcb */
}

static err_t on_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err) {
    struct conn *c = arg;
    (void)err;
    if (!p) { /* the peer closed its side */
        if (!c->replying) conn_close(c, pcb);
        return ERR_OK;
    }
    tcp_recved(pcb, p->tot_len);
    if (!c->replying) {
        c->len += pbuf_copy_partial(p, c->buf + c->len, (u16_t)(sizeof c->buf - c->len), 0);
        if (c->len == sizeof c->buf || http_request_complete(c->buf, c->len)) {
            struct http_reply r;
            http_reply_for(c->buf, c->len, &r);
            c->replying = 1;
            c->out[0] = r.head;
            c->out_len[0] = r.head_len;
            c->out[1] = r.body;
            c->out_len[1] = r.body_len;
            conn_push(c, pcb);
        }
    }
    pbuf_free(p);
    return ERR_OK;
}

/* Hands the pcb's callbacks to the connection, or (c == NULL) takes them away. */
static void conn_attach(struct tcp_pcb *pcb, struct conn *c) {
    tcp_arg(pcb, c);
    tcp_recv(pcb, c ? on_recv : NULL);
    tcp_sent(pcb, c ? on_sent : NULL);
    tcp_poll(pcb, c ? on_poll : NULL, 2);
    tcp_err(pcb, c ? on_err : NULL);
}

static void conn_close(struct conn *c, struct tcp_pcb *pcb) {
    conn_attach(pcb, NULL); /* first: tcp_close may free the pcb */
    if (tcp_close(pcb) == ERR_OK)
        mem_free(c);
    else
        conn_attach(pcb, c); /* no memory for the FIN: the poll callback tries again */
}

static err_t on_accept(void *arg, struct tcp_pcb *pcb, err_t err) {
    (void)arg;
    if (err != ERR_OK || !pcb) return ERR_VAL;
    struct conn *c = mem_calloc(1, sizeof *c);
    if (!c) {
        tcp_abort(pcb);
        return ERR_ABRT;
    }
    conn_attach(pcb, c);
    return ERR_OK;
}

void httpd_start(u16_t port) {
    struct tcp_pcb *pcb = tcp_new();
    if (!pcb || tcp_bind(pcb, IP_ADDR_ANY, port) != ERR_OK) fatal("cannot bind TCP port %u", port);
    struct tcp_pcb *listener = tcp_listen(pcb);
    if (!listener) fatal("cannot listen on TCP port %u", port);
    tcp_accept(listener, on_accept);
}
