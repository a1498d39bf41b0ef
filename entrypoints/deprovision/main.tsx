import { createRoot } from 'react-dom/client';
import { DeprovisionApp } from '../../components/DeprovisionApp';
import '../../components/page.css';

const params = new URLSearchParams(location.search);
createRoot(document.getElementById('root')!).render(<DeprovisionApp workspaceSid={params.get('workspace') ?? ''} workerSid={params.get('worker') ?? ''} />);
