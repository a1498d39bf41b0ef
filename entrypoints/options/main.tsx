import { createRoot } from 'react-dom/client';
import { OptionsApp } from '../../components/OptionsApp';
import '../../components/page.css';

createRoot(document.getElementById('root')!).render(<OptionsApp />);
