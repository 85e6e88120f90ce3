// A titled card around one chart: what it shows, a one-line "what am I looking at",
// a legend or switches, and PNG/SVG export of the chart inside.
import { type ReactNode, useRef } from 'react';
import { exportChartImage } from './exportImage';
import { useT } from '../useT';

export interface ChartCardProps {
  id: string;
  title: string;
  explain: ReactNode;
  actions?: ReactNode;
  footer?: ReactNode;
  children: ReactNode;
}

export function ChartCard({ id, title, explain, actions, footer, children }: ChartCardProps) {
  const body = useRef<HTMLDivElement>(null);
  const t = useT();
  return (
    <section className="chart-card" data-chart={id} aria-labelledby={`${id}-title`}>
      <div className="chart-head">
        <h2 id={`${id}-title`}>{title}</h2>
        <div className="chart-actions">
          {actions}
          <button type="button" className="small export" title={t('chart.save', { format: 'PNG' })} onClick={() => body.current && exportChartImage(body.current, id, 'png')}>
            PNG
          </button>
          <button type="button" className="small export" title={t('chart.save', { format: 'SVG' })} onClick={() => body.current && exportChartImage(body.current, id, 'svg')}>
            SVG
          </button>
        </div>
      </div>
      <p className="explain">{explain}</p>
      <div className="chart-body" ref={body}>
        {children}
      </div>
      {footer && <div className="chart-foot">{footer}</div>}
    </section>
  );
}
