/** One sample of a Prometheus text exposition, by its name with labels as exposed (e.g. `x{a="b"}`); NaN when absent. */
export function sample(exposition: string, series: string): number {
  for (const line of exposition.split('\n')) {
    if (line.startsWith(`${series} `)) return Number(line.slice(series.length + 1));
  }
  return Number.NaN;
}

/** The server's /metrics, as text. */
export async function scrape(url: string): Promise<string> {
  const response = await fetch(`${url}/metrics`);
  return response.text();
}
