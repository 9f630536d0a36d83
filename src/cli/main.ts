import { codecDemo } from './codec-demo.js';

const USAGE = `Usage: userside-dhcpd <command>

Commands:
  demo        decode a relayed DISCOVER and show the OFFER the codec builds
  --help      this text
  --version   print the version

Exit codes: 0 success, 1 failure, 2 usage error.`;

const VERSION = '0.1.0';

export function main(argv: readonly string[], print: (line: string) => void = console.log): number {
  const [command] = argv;
  switch (command) {
    case 'demo':
      return codecDemo(print);
    case '--version':
      print(VERSION);
      return 0;
    case undefined:
    case '--help':
    case 'help':
      print(USAGE);
      return command === undefined ? 2 : 0;
    default:
      print(`unknown command: ${command}\n\n${USAGE}`);
      return 2;
  }
}
