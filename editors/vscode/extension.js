// The nudge extension: starts `nudge lsp` for .nudge files (stdio) and lets the language
// client do the rest. Install: `npm install` in this folder, then `code --install-extension`
// on a packaged .vsix (`npx @vscode/vsce package`), or open the folder and press F5.
"use strict";
const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const config = vscode.workspace.getConfiguration("nudge");
  const command = config.get("path") || "nudge";
  const args = ["lsp", "--log-level", config.get("logLevel") || "error"];
  const today = config.get("today");
  const serverOptions = {
    run: { command, args, transport: TransportKind.stdio },
    debug: { command, args, transport: TransportKind.stdio },
  };
  const clientOptions = {
    documentSelector: [{ scheme: "file", language: "nudge" }, { scheme: "untitled", language: "nudge" }],
    initializationOptions: today ? { today } : {},
  };
  client = new LanguageClient("nudge", "nudge", serverOptions, clientOptions);
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
