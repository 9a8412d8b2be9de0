/**
 * A temperature or voltage as printed on a card, table or tile, marked when it is past its cell's
 * limits: coloured by level and, so the mark is not colour alone, bold with an arrow saying which way
 * it is past and the limit in words for the tooltip and the screen reader.
 */
import type { LimitJudgement } from './limit-level.js';

const ARROW = { above: '▲', below: '▼' } as const;

export function LimitValue({
  text,
  judgement,
  testId,
  wordsElsewhere = false,
}: {
  text: string;
  judgement: LimitJudgement;
  testId?: string;
  /** The caller prints the limit in words beside the value or in a label around it: not said twice to a screen reader. */
  wordsElsewhere?: boolean;
}) {
  const { level, words, direction } = judgement;
  if (level === 'ok')
    return (
      <span data-testid={testId} data-level="ok">
        {text}
      </span>
    );
  return (
    <span className={`limit limit--${level}`} data-testid={testId} data-level={level} title={`${text}: ${words}`}>
      {direction ? (
        <span className="limit__mark" aria-hidden="true">
          {ARROW[direction]}
        </span>
      ) : null}
      {text}
      {wordsElsewhere ? null : <span className="visually-hidden">, {words}</span>}
    </span>
  );
}
