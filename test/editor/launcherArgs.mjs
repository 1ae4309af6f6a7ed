// The command line both suite launchers share (code-server and @vscode/test-electron): the extension,
// the compiled suite and the workspace, plus each launcher's own options. Usage errors exit 2.
import { parseArgs } from 'node:util';

export function parseLauncherArgs(ownOptions, usage) {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        extension: { type: 'string' },
        tests: { type: 'string' },
        workspace: { type: 'string' },
        ...ownOptions,
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }));
  } catch (e) {
    console.error(`${e.message}\n${usage}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  for (const k of ['extension', 'tests', 'workspace']) {
    if (!values[k]) {
      console.error(`missing --${k}\n${usage}`);
      process.exit(2);
    }
  }
  return values;
}
