// The form dialog lives in web/src/FormDialog.tsx; the dues pages still import it from here.
export { FormDialog } from '../../FormDialog.tsx';
