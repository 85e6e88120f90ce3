// Training loss (every step, downsampled) and held-out loss (every few steps) on a log
// axis; accuracy on the right for classification. Overfitting shows as the test loss
// turning up while the training loss keeps falling.
import { useCallback, useMemo, useRef } from 'react';
import type { RunHistory } from '../../store/history';
import { useStore } from '../../store/store';
import { ChartCard } from './ChartCard';
import { ChartFrame, PlotClip } from './ChartFrame';
import { LiveSeries, type SeriesPathProps, stepLine } from './ChartSeries';
import { StepSeries, streamsAt } from './downsample';
import { domainKey, parseDomain, unionDomain, useStickyLogDomain, sharedStepMax, useTurnSelectRuns, useTurnTask } from './live';
import { runBuckets, runStyle, SERIES } from './palette';
import { logDomain, logTicks, stepAxis } from './scale';
import { richText, useT } from '../useT';
import { ColorKey } from './ColorKey';

/**
 * Buckets across the step axis (min-max keeps up to 4 points a bucket): the data fill 40%
 * to 100% of the axis, so 160 to 400 points over a ~500-700 px wide plot.
 */
const BUCKETS = 100;

function lossDomain(history: RunHistory): [number, number] {
  let [lo, hi] = history.scalarRange('loss');
  for (let i = 0; i < history.testLength; i++) {
    const v = history.testAt(i).loss;
    if (v > 0 && v < lo) lo = v;
    if (v > hi && Number.isFinite(v)) hi = v;
  }
  return logDomain([lo, hi], [1e-2, 10]);
}

/** A run's four lines, each downsampled as rows arrive (StepSeries). */
interface LossStreams {
  train: StepSeries;
  test: StepSeries;
  trainAcc: StepSeries;
  testAcc: StepSeries;
}
const lossStreams = (): LossStreams => ({ train: new StepSeries(), test: new StepSeries(), trainAcc: new StepSeries(), testAcc: new StepSeries() });

/** A run's lines over the step axis `domain` (the chart's), updated from what arrived since the last call. */
export function lossSeries(history: RunHistory, domain: readonly [number, number], buckets = BUCKETS, streams = lossStreams()) {
  const n = history.length;
  const x = (i: number) => history.stepAt(i);
  const test = (i: number) => history.testAt(i);
  const rows = String(history.compactions);
  const tests = String(history.testCompactions);
  return {
    train: streams.train.update(history, rows, n, x, (i) => history.scalar('loss', i), domain, buckets, true),
    test: streams.test.update(history, tests, history.testLength, (i) => test(i).step, (i) => test(i).loss, domain, buckets, true),
    trainAcc: streams.trainAcc.update(history, rows, n, x, (i) => history.scalar('accuracy', i), domain, buckets, false),
    testAcc: streams.testAcc.update(history, tests, history.testLength, (i) => test(i).step, (i) => test(i).accuracy, domain, buckets, false),
  };
}

const ID = 'loss';

function LossSeries({ classification }: { classification: boolean }) {
  const streams = useRef<LossStreams[]>([]);
  const compute = useCallback((): SeriesPathProps[] => {
    const histories = useStore.getState().histories;
    // Overlaid runs share the plot's pixels: fewer points each (the SVG costs what it holds).
    const buckets = runBuckets(BUCKETS, histories.length);
    const domain = [0, sharedStepMax(histories)] as const;
    streams.current.length = histories.length;
    const views = histories.map((h, i) => lossSeries(h, domain, buckets, streamsAt(streams.current, i, lossStreams)));
    if (views.length === 1) {
      const view = views[0];
      return [
        ...(classification
          ? [
              { ...stepLine(view.trainAcc), color: SERIES.train, width: 1.5, dash: '5 4', opacity: 0.6, right: true },
              { ...stepLine(view.testAcc), color: SERIES.test, width: 1.5, dash: '5 4', opacity: 0.7, right: true },
            ]
          : []),
        { ...stepLine(view.train), color: SERIES.train, testId: 'series-train-loss' },
        { ...stepLine(view.test), color: SERIES.test, testId: 'series-test-loss', markers: view.test.points.length < 40 },
      ];
    }
    // A run set: each run in its colour and dash; training loss bold, held-out loss thin
    // with markers, accuracy faint on the right axis.
    return views.flatMap((view, i) => {
      const { color, dash } = runStyle(i);
      const suffix = i === 0 ? '' : `-${i}`;
      return [
        ...(classification ? [{ ...stepLine(view.trainAcc), color, width: 1.25, dash, opacity: 0.4, right: true }] : []),
        { ...stepLine(view.test), color, width: 1.25, dash, opacity: 0.75, markers: view.test.points.length < 40, testId: `series-test-loss${suffix}` },
        { ...stepLine(view.train), color, width: 2.5, dash, testId: `series-train-loss${suffix}` },
      ];
    });
  }, [classification]);
  return <LiveSeries id={ID} compute={compute} />;
}

const accuracyAxis = (label: string) => ({ domain: [0, 1] as [number, number], label, ticks: [0, 0.25, 0.5, 0.75, 1], format: (v: number) => `${Math.round(v * 100)}%` });

export function LossChart() {
  const classification = useStore((s) => s.runs[0].meta?.classification ?? true);
  const runCount = useStore((s) => s.runs.length);
  const t = useT();
  const lossLabel = t('chart.loss.y');
  const accuracy = useMemo(() => accuracyAxis(t('chart.loss.accuracy')), [t]);
  useTurnTask(ID);
  const yKey = useTurnSelectRuns(ID, (hs) => domainKey(unionDomain(hs.map(lossDomain))));
  const xMax = useTurnSelectRuns(ID, sharedStepMax);
  const nonFinite = useTurnSelectRuns(ID, (hs) => {
    let count = 0;
    for (const h of hs) for (let i = 0; i < h.length; i++) if (!Number.isFinite(h.scalar('loss', i))) count++;
    return count;
  });
  const stepLabel = t('chart.step.x');
  const x = useMemo(() => stepAxis(xMax, stepLabel), [xMax, stepLabel]);
  const [yLo, yHi] = useStickyLogDomain(parseDomain(yKey));
  const y = useMemo(() => {
    const domain: [number, number] = [yLo, yHi];
    return { domain, label: lossLabel, log: true, ticks: logTicks(domain) };
  }, [yLo, yHi, lossLabel]);
  const series = useMemo(
    () => (
      <PlotClip>
        <LossSeries classification={classification} />
      </PlotClip>
    ),
    [classification],
  );
  return (
    <ChartCard
      id="loss"
      title={t('chart.loss.title')}
      explain={
        runCount > 1 ? (
          t('chart.loss.explain.runs', { accuracy: classification ? t('chart.loss.accuracyFaint') : '' })
        ) : (
          richText(t('chart.loss.explain', { accuracy: classification ? t('chart.loss.accuracyDashed') : '' }), {
              train: <ColorKey color={SERIES.train}>{t('color.blue')}</ColorKey>,
              test: <ColorKey color={SERIES.test}>{t('color.orange')}</ColorKey>,
            })
        )
      }
      footer={nonFinite > 0 ? <span className="flag">{t('chart.loss.nonFinite', { count: nonFinite })}</span> : null}
    >
      <ChartFrame ariaLabel={t('chart.loss.aria')} x={x} y={y} y2={classification ? accuracy : undefined}>
        {series}
      </ChartFrame>
    </ChartCard>
  );
}
