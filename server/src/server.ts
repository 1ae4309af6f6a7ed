// The language server entry (LSP glue). Filled in by the language-service work; starts and answers
// initialize already so `node dist/server.js --stdio` works.
import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { loadCatalog } from './catalogFile';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

connection.onInitialize(() => {
  loadCatalog();
  return { capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental }, serverInfo: { name: 'wxperm', version: '0.1.0' } };
});

documents.listen(connection);
connection.listen();
