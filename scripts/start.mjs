// `npm start` will build and open the desktop app once the Electron shell lands (issue 3).
// Until then it says so plainly and points at what works today.
process.stderr.write(
  [
    'The Strongroom desktop app is not built yet: the Electron shell arrives with the next milestone.',
    'Today the vault is used through the CLI, for example:',
    '  node bin/strongroom.mjs init',
    '  node bin/strongroom.mjs ingest ~/Pictures/products',
    '  node bin/strongroom.mjs ls',
    'See README.md, "Command line".',
    '',
  ].join('\n'),
);
process.exitCode = 1;
