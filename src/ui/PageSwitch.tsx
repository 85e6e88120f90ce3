// The header's switch between the lab and the phase diagram (view=phase).
import { useStore } from '../store/store';
import type { Page } from '../url/phaseCodec';

const PAGES: { page: Page; label: string; hint: string }[] = [
  { page: 'lab', label: 'Lab', hint: 'Train one network (or a comparison) and watch its gradients' },
  { page: 'phase', label: 'Phase diagram', hint: 'Measure gradient flow at initialization over a grid of gains, depths, widths or variances' },
];

export function PageSwitch() {
  const page = useStore((s) => s.view.page);
  const setView = useStore((s) => s.setView);
  return (
    <nav className="page-switch" aria-label="Page">
      {PAGES.map((p) => (
        <button key={p.page} type="button" aria-pressed={page === p.page} title={p.hint} onClick={() => setView({ page: p.page })} data-testid={`page-${p.page}`}>
          {p.label}
        </button>
      ))}
    </nav>
  );
}
