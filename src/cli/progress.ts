/**
 * Progress of long work on stderr, so stdout stays clean for results. On a terminal one line is rewritten in
 * place; in a log (not a TTY) a line is written at each tenth of the work.
 */
export interface Progress {
  update(done: number, total?: number): void;
  finish(message: string): void;
}

const number = (n: number) => n.toLocaleString('en-US');

export function progress(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  const tty = stream.isTTY === true;
  let lastDraw = 0;
  let lastTenth = -1;
  let drawn = false;
  return {
    update(done, total) {
      const percent = total ? Math.floor((done / total) * 100) : null;
      const text = `${label}: ${number(done)}${total ? ` / ${number(total)} (${percent}%)` : ''}`;
      if (tty) {
        const now = Date.now();
        if (now - lastDraw < 100 && done !== total) return;
        lastDraw = now;
        drawn = true;
        stream.write(`\r\x1b[2K${text}`);
        return;
      }
      const tenth = percent === null ? Math.floor(done / 10_000) : Math.floor(percent / 10);
      if (tenth === lastTenth) return;
      lastTenth = tenth;
      stream.write(`${text}\n`);
    },
    finish(message) {
      stream.write(`${tty && drawn ? '\r\x1b[2K' : ''}${label}: ${message}\n`);
    },
  };
}
