export { NewClientPage as default } from './ClientFormPage';
