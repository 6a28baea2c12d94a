// The reference page served by Express (Debian's node-express): the nabla-measurements node-express
// application. Usage: node node-express-server.js PORT. The page is index.html beside this script.
'use strict';
// Debian's node looks in /usr/share/nodejs by itself; other builds of node (NodeSource's) need NODE_PATH.
process.env.NODE_PATH = process.env.NODE_PATH || '/usr/share/nodejs';
require('module')._initPaths();
const fs = require('fs');
const path = require('path');
const express = require('express');

const port = Number(process.argv[2]);
if (!(port > 0 && port < 65536)) {
  console.error('usage: node-express-server.js PORT');
  process.exit(2);
}
const page = fs.readFileSync(path.join(__dirname, 'index.html'));
const app = express();
// The headers of the C server (images/workload/http.c), not Express's extras.
app.disable('x-powered-by');
app.disable('etag');
app.get(['/', '/index.html'], (req, res) => {
  res.sendDate = false;
  res.set({ 'Server': 'hapmeter', 'Content-Type': 'text/html', 'Content-Length': page.length, 'Connection': 'close' });
  res.end(page);
});
app.listen(port, '0.0.0.0', () => console.log('node-express: listening on port ' + port));
