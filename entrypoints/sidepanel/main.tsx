import { createRoot } from 'react-dom/client';
import { SidePanelApp } from '../../components/SidePanelApp';
import '../../components/page.css';

createRoot(document.getElementById('root')!).render(<SidePanelApp />);
