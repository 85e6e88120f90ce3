// The loss printed every 100 steps, as the classic gradient-descent example does.
import { LOSS_LOG_EVERY } from '../store/history';
import { ChartCard } from './charts/ChartCard';
import { formatNumber } from './charts/scale';
import { useHistory } from './useHistory';
import { useT } from './useT';

export function LossLog() {
  const { history } = useHistory();
  const rows = history.lossLog.slice(-12);
  const t = useT();
  return (
    <ChartCard
      id="loss-log"
      title={t('chart.log.title', { every: LOSS_LOG_EVERY })}
      explain={t('chart.log.explain')}
    >
      {/* The lines themselves are a program's output, as the textbook loop prints them. */}
      <pre className="loss-log" data-testid="loss-log">
        {rows.length === 0 ? 'waiting for step 0…' : rows.map((r) => `step ${String(r.step).padStart(6)}  loss ${formatNumber(r.loss, 5)}`).join('\n')}
      </pre>
    </ChartCard>
  );
}
