// Preloaded with `node -r` into the CLI and the server under test: any attempt to open a socket or
// resolve a host name ends the process with code 99 and a NETWORK line on stderr.
'use strict';
const net = require('node:net');
const dns = require('node:dns');
const tls = require('node:tls');
const http = require('node:http');
const https = require('node:https');
function refuse(what) {
  return function () {
    process.stderr.write(`NETWORK: ${what} attempted\n`);
    process.exit(99);
  };
}
net.Socket.prototype.connect = refuse('net.Socket.connect');
net.connect = net.createConnection = refuse('net.connect');
tls.connect = refuse('tls.connect');
http.request = http.get = refuse('http.request');
https.request = https.get = refuse('https.request');
dns.lookup = dns.resolve = refuse('dns.lookup');
dns.promises.lookup = dns.promises.resolve = refuse('dns.promises.lookup');
if (typeof globalThis.fetch === 'function') globalThis.fetch = refuse('fetch');
