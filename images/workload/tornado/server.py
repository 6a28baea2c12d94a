"""The reference page served by Tornado (Debian's python3-tornado): the nabla-measurements
python-tornado application. Usage: python3 tornado-server.py PORT (not tornado.py: that would shadow the package). The page is index.html beside this script."""
import os
import sys

import tornado.ioloop
import tornado.web

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "index.html"), "rb") as f:
    PAGE = f.read()


class Page(tornado.web.RequestHandler):
    def set_default_headers(self):
        # The headers of the C server (images/workload/http.c): no Date, no Etag.
        self.clear_header("Date")
        self.set_header("Server", "hapmeter")
        self.set_header("Content-Type", "text/html")
        self.set_header("Connection", "close")

    def compute_etag(self):
        return None

    def get(self):
        self.write(PAGE)


def main():
    if len(sys.argv) != 2 or not sys.argv[1].isdigit() or not 0 < int(sys.argv[1]) < 65536:
        sys.exit("usage: tornado-server.py PORT")
    port = int(sys.argv[1])
    tornado.web.Application([(r"/(?:index\.html)?", Page)]).listen(port, address="0.0.0.0")
    print("tornado: listening on port %d" % port, flush=True)
    tornado.ioloop.IOLoop.current().start()


if __name__ == "__main__":
    main()
