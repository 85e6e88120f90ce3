// Training loss (every step, downsampled) and held-out loss (every few steps) on a log
// axis; accuracy on the right for classification. Overfitting shows as the test loss
// turning up while the training loss keeps falling.
import { useMemo } from 'react';
import { useStore } from '../../store/store';
import { useHistory } from '../useHistory';
import { ChartCard } from './ChartCard';
import { ChartFrame, PlotClip, SeriesPath } from './ChartFrame';
import { downsampleMinMax } from './downsample';
import { SERIES } from './palette';
import { logDomain, logTicks, stepDomain } from './scale';

const BUCKETS = 150;

export function LossChart() {
  const { history, version } = useHistory();
  const meta = useStore((s) => s.meta);
  const classification = meta?.classification ?? true;
  const view = useMemo(() => {
    void version;
    const n = history.length;
    const train = downsampleMinMax(n, (i) => history.stepAt(i), (i) => history.scalar('loss', i), BUCKETS, true);
    const test = downsampleMinMax(history.testLength, (i) => history.testAt(i).step, (i) => history.testAt(i).loss, BUCKETS, true);
    const trainAcc = downsampleMinMax(n, (i) => history.stepAt(i), (i) => history.scalar('accuracy', i), BUCKETS, false);
    const testAcc = downsampleMinMax(history.testLength, (i) => history.testAt(i).step, (i) => history.testAt(i).accuracy, BUCKETS, false);
    const yDomain = logDomain([...train.points, ...test.points].map((p) => p.y ?? Number.NaN), [1e-2, 10]);
    return { train, test, trainAcc, testAcc, yDomain, xDomain: stepDomain(history.lastStep) };
  }, [history, version]);
  const nonFinite = view.train.nonFinite + view.test.nonFinite;
  return (
    <ChartCard
      id="loss"
      title="Loss and accuracy"
      explain={
        <>
          Training loss (<span style={{ color: SERIES.train }}>blue</span>) per step and held-out loss (
          <span style={{ color: SERIES.test }}>orange</span>) every 10 steps, log scale
          {classification ? '; accuracy dashed, right axis' : ''}. A test loss that turns up while training loss falls is overfitting.
        </>
      }
      footer={nonFinite > 0 ? <span className="flag">{nonFinite} non-finite values (NaN/∞) not drawn</span> : null}
    >
      <ChartFrame
        ariaLabel="Loss over training steps"
        x={{ domain: view.xDomain, label: 'step' }}
        y={{ domain: view.yDomain, label: 'loss', log: true, ticks: logTicks(view.yDomain) }}
        y2={classification ? { domain: [0, 1], label: 'accuracy', ticks: [0, 0.25, 0.5, 0.75, 1], format: (v) => `${Math.round(v * 100)}%` } : undefined}
      >
        <PlotClip>
          {classification && <SeriesPath points={view.trainAcc.points} color={SERIES.train} width={1.5} dash="5 4" opacity={0.6} right />}
          {classification && <SeriesPath points={view.testAcc.points} color={SERIES.test} width={1.5} dash="5 4" opacity={0.7} right />}
          <SeriesPath points={view.train.points} color={SERIES.train} testId="series-train-loss" />
          <SeriesPath points={view.test.points} color={SERIES.test} testId="series-test-loss" markers={view.test.points.length < 40} />
        </PlotClip>
      </ChartFrame>
    </ChartCard>
  );
}
