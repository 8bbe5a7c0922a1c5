#!/usr/bin/python3
"""Serves one WSGI application (Keystone, Placement) on a threaded wsgiref server: the pbr-generated WSGI scripts
are single-threaded, and the test peer needs no uwsgi/Apache.

Usage: wsgi_runner.py HOST PORT MODULE:CALLABLE  (the callable is a factory returning the application)
"""
import importlib
import socketserver
import sys
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server


class ThreadingWSGIServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True


class LoggingHandler(WSGIRequestHandler):
    def log_message(self, fmt, *args):
        sys.stderr.write("%s %s\n" % (self.address_string(), fmt % args))


def main(host, port, target):
    module, _, factory = target.partition(":")
    # The applications parse the command line with oslo.config: it must hold no arguments of ours.
    sys.argv = [factory]
    application = getattr(importlib.import_module(module), factory)()
    server = make_server(host, int(port), application, ThreadingWSGIServer, LoggingHandler)
    print("serving %s on http://%s:%s" % (target, host, port), flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(*sys.argv[1:4])
