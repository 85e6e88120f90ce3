// "Export JSON" / "Export CSV": the run's history (config, seed, backend, and per step
// the loss, accuracy, health and per-layer gradient statistics) as a file.
import { useStore } from '../store/store';
import { downloadBlob } from './download';
import { type ExportInput, exportFilename, runToCsv, runToJson } from './exportRun';
import { useHistory } from './useHistory';

export function ExportMenu() {
  const { history } = useHistory();
  const config = useStore((s) => s.config);
  const meta = useStore((s) => s.meta);
  const backend = useStore((s) => s.backendInfo?.backend ?? null);
  const empty = history.length === 0;

  const save = (format: 'json' | 'csv') => {
    // The run's own history and the config it runs with now (live changes included).
    const input: ExportInput = { history, config, initialConfig: meta?.config ?? null, backend, exportedAt: new Date() };
    const text = format === 'json' ? runToJson(input) : runToCsv(input);
    const type = format === 'json' ? 'application/json' : 'text/csv';
    const seed = meta?.config.seed ?? config.seed;
    downloadBlob(new Blob([text], { type }), exportFilename(seed, history.lastStep, format));
  };

  const why = empty ? 'Available once the run has taken a step' : undefined;
  return (
    <fieldset className="export-menu" style={{ display: 'inline-flex', gap: 6, border: 'none', margin: 0, padding: 0 }} aria-label="Export the run">
      <button
        type="button"
        className="small"
        disabled={empty}
        title={why ?? 'Save the run (config, seed, backend, per-step loss, health and per-layer gradient statistics) as JSON'}
        data-testid="export-json"
        onClick={() => save('json')}
      >
        Export JSON
      </button>
      <button
        type="button"
        className="small"
        disabled={empty}
        title={why ?? 'Save the run as CSV: one row per step, one column per layer and statistic'}
        data-testid="export-csv"
        onClick={() => save('csv')}
      >
        Export CSV
      </button>
    </fieldset>
  );
}
