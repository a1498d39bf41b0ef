import { createRoot } from 'react-dom/client';
import { BulkApp } from '../../components/bulk/BulkApp';
import { bulkWindowTargets } from '../../lib/runs/bulk-window';
import '../../components/page.css';

createRoot(document.getElementById('root')!).render(<BulkApp targets={bulkWindowTargets(location.search)} />);
