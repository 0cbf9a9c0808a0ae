import { decisionFacts } from '../recommend';
import { modelOf } from '../views';
import type { Results } from '../../results/results';
import { accessSection } from './access';
import { costBreakdownSection } from './cost-breakdown';
import { decisionMapSection } from './decision-map';
import { fixedCostSection } from './fixed-cost';
import { header } from './header';
import { headline } from './headline';
import { measuredSection } from './measured';
import { projectionSection } from './projection';
import { proxySection } from './proxy';
import { qualitySection } from './quality';
import { recommendationSection } from './recommendation';
import { reproduceSection } from './reproduce';
import { risksSection } from './risks';
import { stagesSection } from './stages';
import { page } from './page';

/**
 * report.html: one self-contained page rendered from results.json: inline CSS and SVG, no scripts, no
 * fonts, no network (a Content-Security-Policy forbids any fetch). Pure: `renderHtml(results)` returns
 * the document (page.ts is its shell). Every chart has a data table under it, and every number its label. Each section is a
 * file in this folder, written with the `html` tagged template: every value from results.json is
 * escaped unless a section marks it otherwise (template.ts).
 */
export function renderHtml(r: Results): string {
  const facts = decisionFacts(r);
  const model = modelOf(r);
  const sections = [
    header(r, facts),
    headline(r, facts),
    model ? projectionSection(r, model) : measuredSection(r, facts),
    stagesSection(r),
    costBreakdownSection(r),
    fixedCostSection(r),
    decisionMapSection(model),
    accessSection(r),
    qualitySection(r),
    proxySection(r),
    risksSection(r),
    recommendationSection(r),
    reproduceSection(r),
  ];
  const title = `scalesim report: ${r.scenario.name}${r.status === 'incomplete' ? ' (INCOMPLETE)' : ''}`;
  return page(title, sections);
}
