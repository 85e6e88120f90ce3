// The loss printed every 100 steps, as the classic gradient-descent example does.
import { LOSS_LOG_EVERY } from '../store/history';
import { ChartCard } from './charts/ChartCard';
import { formatNumber } from './charts/scale';
import { useHistory } from './useHistory';

export function LossLog() {
  const { history } = useHistory();
  const rows = history.lossLog.slice(-12);
  return (
    <ChartCard
      id="loss-log"
      title={`Loss every ${LOSS_LOG_EVERY} steps`}
      explain="Plain gradient descent on one linear layer, printed the way a textbook loop prints it."
    >
      <pre className="loss-log" data-testid="loss-log">
        {rows.length === 0 ? 'waiting for step 0…' : rows.map((r) => `step ${String(r.step).padStart(6)}  loss ${formatNumber(r.loss, 5)}`).join('\n')}
      </pre>
    </ChartCard>
  );
}
