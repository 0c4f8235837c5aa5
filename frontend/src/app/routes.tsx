import { lazy, Suspense } from 'react';
import type { RouteObject } from 'react-router';
import { RequireViewer } from '../auth/RequireViewer';
import { Audience } from './Audience';
import { Layout } from './Layout';
import { NotFoundPage } from './NotFoundPage';
import { LoadingState } from '../components/states';

// Pages are separate chunks; the entry bundle holds only the shell.
const SignInPage = lazy(() => import('../auth/SignInPage'));
const AccountPage = lazy(() => import('../account/AccountPage'));
const DashboardPage = lazy(() => import('../dashboard/DashboardPage'));
const ClientsPage = lazy(() => import('../clients/ClientsPage'));
const ClientPage = lazy(() => import('../clients/ClientPage'));
const NewClientPage = lazy(() => import('../clients/NewClientPage'));
const EditClientPage = lazy(() => import('../clients/ClientFormPage'));
const NewJobOrderPage = lazy(() => import('../jobOrders/JobOrderFormPage'));
const EditJobOrderPage = lazy(() => import('../jobOrders/JobOrderFormPage').then((m) => ({ default: m.EditJobOrderPage })));
const TimesheetImportPage = lazy(() => import('../timesheets/TimesheetImportPage'));
const SearchPage = lazy(() => import('../search/SearchPage'));
const JobOrdersPage = lazy(() => import('../jobOrders/JobOrdersPage'));
const JobOrderPage = lazy(() => import('../jobOrders/JobOrderPage'));
const TimesheetsPage = lazy(() => import('../timesheets/TimesheetsPage'));
const TimesheetEntryPage = lazy(() => import('../timesheets/TimesheetEntryPage'));
const TimesheetPage = lazy(() => import('../timesheets/TimesheetPage'));
const BillingRunsPage = lazy(() => import('../billing/BillingRunsPage'));
const BillingRunPage = lazy(() => import('../billing/BillingRunPage'));
const PayRunsPage = lazy(() => import('../payroll/PayRunsPage'));
const PayRunPage = lazy(() => import('../payroll/PayRunPage'));
const PayablesPage = lazy(() => import('../payroll/PayablesPage'));
const WorkersPage = lazy(() => import('../payroll/WorkersPage'));
const NewWorkerPage = lazy(() => import('../workers/WorkerFormPage'));
const EditWorkerPage = lazy(() => import('../workers/WorkerFormPage').then((m) => ({ default: m.EditWorkerPage })));
const WorkerPage = lazy(() => import('../payroll/WorkersPage').then((m) => ({ default: m.WorkerPage })));
const InvoicesPage = lazy(() => import('../invoices/InvoicesPage'));
const InvoicePage = lazy(() => import('../invoices/InvoicePage'));
const ConfigurationPage = lazy(() => import('../configuration/ConfigurationPage'));
const ReceiptsPage = lazy(() => import('../finance/ReceiptsPage'));
const BankStatementsPage = lazy(() => import('../finance/BankStatementsPage'));
const BooksPage = lazy(() => import('../finance/BooksPage'));
const AgreementsPage = lazy(() => import('../agreements/AgreementsPage'));
const WebhooksPage = lazy(() => import('../webhooks/WebhooksPage'));
const InsightPage = lazy(() => import('../insight/InsightPage'));
const PortalHomePage = lazy(() => import('../portal/PortalHomePage'));
const PortalInvoicesPage = lazy(() => import('../portal/PortalInvoicesPage'));
const PortalInvoicePage = lazy(() => import('../portal/PortalInvoicePage'));
const PortalJobOrdersPage = lazy(() => import('../portal/PortalJobOrdersPage'));
const PortalTimesheetsPage = lazy(() => import('../portal/PortalTimesheetsPage'));
const WorkerHomePage = lazy(() => import('../worker/WorkerHomePage'));
const WorkerTimesheetsPage = lazy(() => import('../worker/WorkerTimesheetsPage'));
const WorkerPayslipsPage = lazy(() => import('../worker/WorkerPayslipsPage'));

const staffOnly = (page: React.ReactNode) => <Audience staff={page} portal={<NotFoundPage />} />;

export const routes: RouteObject[] = [
  {
    path: '/sign-in',
    element: (
      <Suspense fallback={<LoadingState />}>
        <SignInPage />
      </Suspense>
    ),
  },
  {
    element: <RequireViewer />,
    children: [
      {
        element: <Layout />,
        children: [
          { index: true, element: <Audience staff={<DashboardPage />} portal={<PortalHomePage />} worker={<WorkerHomePage />} /> },
          { path: 'account', element: <AccountPage /> },
          { path: 'clients', element: staffOnly(<ClientsPage />) },
          { path: 'clients/new', element: staffOnly(<NewClientPage />) },
          { path: 'clients/:id', element: staffOnly(<ClientPage />) },
          { path: 'clients/:id/edit', element: staffOnly(<EditClientPage />) },
          { path: 'job-orders', element: <Audience staff={<JobOrdersPage />} portal={<PortalJobOrdersPage />} /> },
          { path: 'job-orders/new', element: staffOnly(<NewJobOrderPage />) },
          { path: 'job-orders/:id', element: staffOnly(<JobOrderPage />) },
          { path: 'job-orders/:id/edit', element: staffOnly(<EditJobOrderPage />) },
          { path: 'timesheets', element: <Audience staff={<TimesheetsPage />} portal={<PortalTimesheetsPage />} worker={<WorkerTimesheetsPage />} /> },
          { path: 'payslips', element: <Audience staff={<NotFoundPage />} worker={<WorkerPayslipsPage />} /> },
          { path: 'timesheets/new', element: staffOnly(<TimesheetEntryPage />) },
          { path: 'timesheets/import', element: staffOnly(<TimesheetImportPage />) },
          { path: 'timesheets/:id', element: staffOnly(<TimesheetPage />) },
          { path: 'billing-runs', element: staffOnly(<BillingRunsPage />) },
          { path: 'billing-runs/:id', element: staffOnly(<BillingRunPage />) },
          { path: 'pay-runs', element: staffOnly(<PayRunsPage />) },
          { path: 'pay-runs/:id', element: staffOnly(<PayRunPage />) },
          { path: 'payables', element: staffOnly(<PayablesPage />) },
          { path: 'workers', element: staffOnly(<WorkersPage />) },
          { path: 'workers/new', element: staffOnly(<NewWorkerPage />) },
          { path: 'workers/:id', element: staffOnly(<WorkerPage />) },
          { path: 'workers/:id/edit', element: staffOnly(<EditWorkerPage />) },
          { path: 'invoices', element: <Audience staff={<InvoicesPage />} portal={<PortalInvoicesPage />} /> },
          { path: 'invoices/:id', element: <Audience staff={<InvoicePage />} portal={<PortalInvoicePage />} /> },
          { path: 'receipts', element: staffOnly(<ReceiptsPage />) },
          { path: 'bank-statements', element: staffOnly(<BankStatementsPage />) },
          { path: 'books', element: staffOnly(<BooksPage />) },
          { path: 'configuration', element: staffOnly(<ConfigurationPage />) },
          { path: 'webhooks', element: staffOnly(<WebhooksPage />) },
          { path: 'agreements', element: staffOnly(<AgreementsPage />) },
          { path: 'search', element: staffOnly(<SearchPage />) },
          { path: 'insight', element: staffOnly(<InsightPage />) },
        ],
      },
    ],
  },
  { path: '*', element: <NotFoundPage /> },
];
