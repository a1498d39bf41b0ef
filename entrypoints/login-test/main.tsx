import { createRoot } from 'react-dom/client';
import { LoginTestApp } from '../../components/saml/LoginTestApp';
import '../../components/page.css';

createRoot(document.getElementById('root')!).render(<LoginTestApp />);
