// Presentation mode's chart picker: the numbered layouts (keys 1 to 4, in the page's
// shortcuts) and a box per chart, 2 to 4 of them ticked. What is picked goes into the
// link (charts=).
import type { ModelFamily } from '../core/config';
import { useFamily, useStore } from '../store/store';
import { CHART_PARTS_OF, type HideablePart, PRESENT_CHARTS } from '../url/presetCodec';
import { usePopup } from './keys';
import { CHART_TITLES, DEFAULT_LAYOUT, LAYOUTS, layoutIndex, presentedCharts, toggleChart } from './presentation';
import { useT } from './useT';

/** Shows layout `i` (0-based): the default one leaves charts= out of the link. */
export function pickLayout(i: number, family: ModelFamily): void {
  const layout = LAYOUTS[i];
  if (!layout) return;
  useStore.getState().setView({ charts: i === DEFAULT_LAYOUT ? [] : [...layout[family]] });
}

export function PresentChartsMenu() {
  const t = useT();
  const family = useFamily();
  const picked = useStore((s) => s.view.charts);
  const hide = useStore((s) => s.view.hide);
  const setView = useStore((s) => s.setView);
  const { open, setOpen, button, close } = usePopup();
  const shown = presentedCharts(family, picked, new Set(hide), null);
  const current = layoutIndex(family, picked);
  const title = (part: HideablePart) => {
    const key = CHART_TITLES[family][part];
    return key ? t(key) : part;
  };
  return (
    <div className="preset-menu present-charts">
      <button ref={button} type="button" aria-expanded={open} aria-controls="present-charts" onClick={() => setOpen(!open)} data-testid="present-charts-button" title={t('presentCharts.hint')}>
        {t('presentCharts.button')} ▾
      </button>
      {open && (
        <div id="present-charts" className="preset-gallery present-charts-panel" role="dialog" aria-label={t('presentCharts.label')}>
          <div className="preset-gallery-head">
            <strong>{t('presentCharts.layouts')}</strong>
            <button type="button" className="small" onClick={close}>
              {t('presets.close')}
            </button>
          </div>
          <ol className="layout-list">
            {LAYOUTS.map((layout, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a layout is its number
              <li key={i}>
                <button type="button" aria-pressed={current === i} data-layout={i + 1} onClick={() => pickLayout(i, family)}>
                  <kbd>{i + 1}</kbd> {layout[family].map(title).join(' · ')}
                </button>
              </li>
            ))}
          </ol>
          <fieldset className="chart-picks">
            <legend>{t('presentCharts.pick', { min: PRESENT_CHARTS.min, max: PRESENT_CHARTS.max })}</legend>
            {CHART_PARTS_OF[family].filter((part) => !hide.includes(part)).map((part) => {
              const on = shown.includes(part);
              const next = toggleChart(shown, part);
              return (
                <label key={part} className={next ? '' : 'disabled'}>
                  <input type="checkbox" checked={on} disabled={next === null} data-chart-pick={part} onChange={() => next && setView({ charts: next })} />
                  {title(part)}
                </label>
              );
            })}
          </fieldset>
        </div>
      )}
    </div>
  );
}
