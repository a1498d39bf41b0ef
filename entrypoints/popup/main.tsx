import { createRoot } from 'react-dom/client';
import { PopupApp } from '../../components/PopupApp';
import '../../components/page.css';

createRoot(document.getElementById('root')!).render(<PopupApp />);
