/** 发展流程 answers /recruitment (the board), /recruitment/cases/<id> (a case) and /recruitment/cases/<id>/print/<form>. */
import { useLocation } from '../../router.ts';
import { CaseDetail } from './CaseDetail.tsx';
import { routeOf } from './paths.ts';
import { PipelineBoard } from './PipelineBoard.tsx';
import { PrintFormPage } from './PrintFormPage.tsx';

export function RecruitmentPage() {
  const { pathname } = useLocation();
  const route = routeOf(pathname);
  if (route.page === 'print') return <PrintFormPage key={`${route.id}-${route.form}`} id={route.id} form={route.form} />;
  if (route.page === 'case') return <CaseDetail key={route.id} id={route.id} />;
  return <PipelineBoard />;
}
